import { beforeEach, describe, expect, it } from 'vitest';
import type { EnvField } from './api/agents';
import { loadAgentEnv, loadPrefs, saveAgentEnv, savePrefs } from './savedState';

const schema: EnvField[] = [
  { key: 'ANTHROPIC_API_KEY', label: 'API key', secret: true, required: false },
  { key: 'MODEL', label: 'Model', secret: false, required: false },
];

describe('saved preferences', () => {
  beforeEach(() => localStorage.clear());

  it('never stores the value of a secret field', () => {
    saveAgentEnv('claude-code', schema, { ANTHROPIC_API_KEY: 'sk-ant-secret', MODEL: 'opus' });
    const stored = localStorage.getItem('remolt:prefs')!;
    expect(stored).not.toContain('sk-ant-secret');
    expect(loadAgentEnv('claude-code')).toEqual({ MODEL: 'opus' });
  });

  it('never stores a value whose key the schema does not declare', () => {
    saveAgentEnv('shell', schema, { MODEL: 'x', GITHUB_TOKEN: 'ghp_secret' });
    expect(localStorage.getItem('remolt:prefs')).not.toContain('ghp_secret');
  });

  it('keeps other agents and other preferences when saving one agent', () => {
    savePrefs({ git_user_name: 'Ada', agent_type: 'shell' });
    saveAgentEnv('a', schema, { MODEL: 'one' });
    saveAgentEnv('b', schema, { MODEL: 'two' });
    expect(loadPrefs()).toEqual({ git_user_name: 'Ada', agent_type: 'shell', agent_env: { a: { MODEL: 'one' }, b: { MODEL: 'two' } } });
  });

  it('forgets an agent whose values were all cleared', () => {
    saveAgentEnv('a', schema, { MODEL: 'one' });
    saveAgentEnv('a', schema, { MODEL: '  ' });
    expect(loadPrefs()).toEqual({});
  });

  it('reads broken storage as no preferences', () => {
    localStorage.setItem('remolt:prefs', '{not json');
    expect(loadPrefs()).toEqual({});
    expect(loadAgentEnv('a')).toEqual({});
  });
});
