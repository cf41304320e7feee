import { AppFrame } from './AppFrame';

/** VS Code (code-server) on the sandbox's files, proxied from inside the sandbox. */
export function VSCodePanel({ src }: { src: string }) {
  return <AppFrame src={src} title="VS Code" missingText="VS Code is not available on this server yet." />;
}
