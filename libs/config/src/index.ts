export * from './config';
export { EnvDto, LOG_LEVELS, type LogLevelName } from './env.dto';
