export * from './taxonomy';
export * from './gazetteer';
export * from './classify';
