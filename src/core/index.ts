export * from './compliance-pack';
export * from './context';
export * from './defaults-version';
export * from './paved-road-construct';
export * from './profile';
export * from './profile-defaults';
export * from './profile-settings';
export * from './tags';
