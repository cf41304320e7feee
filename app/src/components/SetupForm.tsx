import { useRef, useState, type FormEvent } from 'react';
import { useBuildProgress } from '../hooks/useBuildProgress';
import type { Agent, EnvField } from '../api/agents';
import { ApiError } from '../api/http';
import type { NewSession } from '../api/sessions';
import { loadAgentEnv, loadPrefs, saveAgentEnv, savePrefs } from '../savedState';

interface SetupFormProps {
  agents: Agent[] | null;
  agentsError: string | null;
  onRetryAgents(): void;
  /** Names of API keys the server stores for the user: they satisfy required secret fields. */
  storedKeys: readonly string[];
  /** The previous session ended on its own: say so, and offer to launch again. */
  sessionEnded: boolean;
  onLaunch(request: NewSession): Promise<void>;
}

/** Pick an agent, fill in its settings and git identity, and launch a session. */
export function SetupForm({ agents, agentsError, onRetryAgents, storedKeys, sessionEnded, onLaunch }: SetupFormProps) {
  const [chosen, setChosen] = useState<string | null>(null);
  const selected = chosen ?? defaultAgent(agents);
  const agent = agents?.find((a) => a.id === selected) ?? null;
  const [prefs] = useState(loadPrefs);
  const [gitName, setGitName] = useState(prefs.git_user_name ?? '');
  const [gitEmail, setGitEmail] = useState(prefs.git_user_email ?? '');
  const [repoUrl, setRepoUrl] = useState(prefs.repo_url ?? '');
  // Values typed per agent in this visit; remembered (non-secret) values fill in the rest.
  const [envByAgent, setEnvByAgent] = useState<Record<string, Record<string, string>>>({});
  const env = selected ? (envByAgent[selected] ?? loadAgentEnv(selected)) : {};
  const [missing, setMissing] = useState<string[]>([]);
  const [launching, setLaunching] = useState(false);
  const buildStep = useBuildProgress(launching);
  const [error, setError] = useState<string | null>(null);
  const formRef = useRef<HTMLFormElement>(null);

  const choose = (id: string) => {
    setChosen(id);
    setMissing([]);
    setError(null);
    savePrefs({ agent_type: id });
  };

  const setEnv = (key: string, value: string) => {
    if (!selected) return;
    setEnvByAgent((all) => ({ ...all, [selected]: { ...env, [key]: value } }));
    setMissing((keys) => keys.filter((k) => k !== key));
  };

  const submit = async (event: FormEvent) => {
    event.preventDefault();
    if (!selected || !agent || launching) return;
    const schema = agent.env_schema ?? [];
    const absent = schema.filter((field) => field.required && !env[field.key]?.trim() && !storedKeys.includes(field.key));
    if (absent.length > 0) {
      setMissing(absent.map((field) => field.key));
      setError(`Fill in ${absent.map((field) => field.label || field.key).join(', ')} to launch ${agent.name}.`);
      formRef.current?.querySelector<HTMLInputElement>(`[name="env-${absent[0].key}"]`)?.focus();
      return;
    }
    if (gitEmail.trim() && !gitEmail.includes('@')) {
      setError('The git email needs an @, such as ada@example.com.');
      return;
    }
    const request = sessionRequest(selected, schema, env, { gitName, gitEmail, repoUrl });
    savePrefs({
      agent_type: selected,
      git_user_name: request.git_user_name,
      git_user_email: request.git_user_email,
      repo_url: request.repo_url,
    });
    saveAgentEnv(selected, schema, env);
    setLaunching(true);
    setError(null);
    try {
      await onLaunch(request);
    } catch (failure) {
      setError(describe(failure));
      setLaunching(false);
    }
  };

  return (
    <form className="setup-form" onSubmit={submit} noValidate ref={formRef}>
      {sessionEnded && (
        <section className="notice" role="status" aria-labelledby="ended-title">
          <h2 id="ended-title">Session ended</h2>
          <p>Your previous session is gone: it was ended or stopped after being idle.</p>
          <button type="submit" data-testid="launch-again" disabled={!selected || launching}>
            Launch again
          </button>
        </section>
      )}
      <fieldset className="agents">
        <legend>Choose an agent</legend>
        {!agents && !agentsError && <p className="muted">Loading agents…</p>}
        {agentsError && (
          <p role="alert" className="error">
            {agentsError}{' '}
            <button type="button" onClick={onRetryAgents}>
              Try again
            </button>
          </p>
        )}
        {agents?.length === 0 && <p className="muted">The server offers no agents.</p>}
        {agents?.map((a) => (
          <label key={a.id} className="agent-card" data-agent-id={a.id}>
            <input type="radio" name="agent" value={a.id} checked={selected === a.id} onChange={() => choose(a.id)} />
            <span className="agent-icon" aria-hidden="true">
              {iconOf(a.icon)}
            </span>
            <span className="agent-name">{a.name}</span>
            {a.description && <span className="agent-description">{a.description}</span>}
          </label>
        ))}
      </fieldset>

      {agent && (agent.env_schema ?? []).length > 0 && (
        <fieldset className="fields">
          <legend>Agent settings</legend>
          {agent.env_schema.map((field) => (
            <EnvInput
              key={`${agent.id}-${field.key}`}
              field={field}
              value={env[field.key] ?? ''}
              stored={storedKeys.includes(field.key)}
              invalid={missing.includes(field.key)}
              onChange={(value) => setEnv(field.key, value)}
            />
          ))}
        </fieldset>
      )}

      <fieldset className="fields">
        <legend>Git</legend>
        <label className="field">
          <span>Name</span>
          <input name="git_user_name" value={gitName} onChange={(e) => setGitName(e.target.value)} autoComplete="name" placeholder="Ada Lovelace" />
        </label>
        <label className="field">
          <span>Email</span>
          <input name="git_user_email" type="email" value={gitEmail} onChange={(e) => setGitEmail(e.target.value)} autoComplete="email" placeholder="ada@example.com" />
        </label>
        <label className="field wide">
          <span>Repository to clone (optional)</span>
          <input
            name="repo_url"
            type="url"
            value={repoUrl}
            onChange={(e) => setRepoUrl(e.target.value)}
            placeholder="https://github.com/owner/repo"
            autoComplete="off"
            spellCheck={false}
          />
        </label>
      </fieldset>

      <button type="submit" className="primary" data-testid="launch" disabled={!selected || launching}>
        {launching ? 'Launching…' : 'Launch'}
      </button>
      {launching && buildStep && (
        <p className="hint" role="status" aria-live="polite" data-testid="launch-progress">
          Preparing the sandbox image: {buildStep}
        </p>
      )}
      <div role="alert" className="error" data-testid="launch-error">
        {error}
      </div>
    </form>
  );
}

interface EnvInputProps {
  field: EnvField;
  value: string;
  stored: boolean;
  invalid: boolean;
  onChange(value: string): void;
}

function EnvInput({ field, value, stored, invalid, onChange }: EnvInputProps) {
  const hintId = `hint-${field.key}`;
  return (
    <label className="field wide">
      <span>
        {field.label || field.key}
        {field.required && !stored && <span aria-hidden="true"> *</span>}
      </span>
      <input
        name={`env-${field.key}`}
        type={field.secret ? 'password' : 'text'}
        value={value}
        onChange={(e) => onChange(e.target.value)}
        required={field.required && !stored}
        aria-invalid={invalid || undefined}
        aria-describedby={hintId}
        autoComplete={field.secret ? 'new-password' : 'off'}
        spellCheck={false}
        data-env-key={field.key}
      />
      <small id={hintId} className="muted">
        {field.key}
        {stored ? ' · a stored key is used unless you enter one' : field.required ? ' · required' : ''}
        {field.secret ? ' · never saved in this browser' : ''}
      </small>
    </label>
  );
}

/** The create request: blank fields left out, so the server applies its defaults. */
export function sessionRequest(
  agentType: string,
  schema: readonly EnvField[],
  env: Record<string, string>,
  git: { gitName: string; gitEmail: string; repoUrl: string },
): NewSession {
  const request: NewSession = { agent_type: agentType };
  if (git.gitName.trim()) request.git_user_name = git.gitName.trim();
  if (git.gitEmail.trim()) request.git_user_email = git.gitEmail.trim();
  if (git.repoUrl.trim()) request.repo_url = git.repoUrl.trim();
  const agentEnv: Record<string, string> = {};
  for (const field of schema) {
    const value = field.secret ? env[field.key] : env[field.key]?.trim();
    if (value) agentEnv[field.key] = value;
  }
  if (Object.keys(agentEnv).length > 0) request.agent_env = agentEnv;
  return request;
}

// Agents name their icon ("terminal") or give an emoji.
const ICONS: Record<string, string> = { terminal: '>_', robot: '🤖', code: '</>', dashboard: '▦' };

function iconOf(icon: string | undefined): string {
  if (!icon) return '>_';
  return ICONS[icon] ?? (icon.length <= 4 ? icon : '>_');
}

/** The agent remembered in the preferences if the server still offers it, else the first. */
function defaultAgent(agents: Agent[] | null): string | null {
  if (!agents || agents.length === 0) return null;
  const remembered = loadPrefs().agent_type;
  return remembered && agents.some((agent) => agent.id === remembered) ? remembered : agents[0].id;
}

function describe(failure: unknown): string {
  if (failure instanceof ApiError) {
    return failure.retryAfterSeconds !== undefined ? `${failure.message} Try again in ${failure.retryAfterSeconds} s.` : failure.message;
  }
  return failure instanceof Error ? failure.message : String(failure);
}
