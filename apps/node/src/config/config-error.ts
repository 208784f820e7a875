/** A bad flag or config value. The CLI prints `Error: <message>` and exits 2 (usage error). */
export class ConfigError extends Error {
  override readonly name = 'ConfigError';
}
