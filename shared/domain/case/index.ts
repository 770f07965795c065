export * from './errors.ts';
export * from './state-machine.ts';
export * from './project.ts';
export * from './merge.ts';
export * from './commands.ts';
export * from './override.ts';
export * from './case-number.ts';
