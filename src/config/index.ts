export { loadConfig, readDotEnv, redactCredentials, sqlitePath, type Env } from './load.js';
export { settings, configSchema, type Config, type ConfigKey } from './schema.js';
