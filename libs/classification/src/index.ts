export * from './taxonomy';
export * from './gazetteer';
export * from './classify';
export * from './lexicon';
export * from './sentiment';
export * from './figures';
