export * from './errors';
export * from './keyring';
export * from './envelope';
