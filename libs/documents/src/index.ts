export * from './document-store';
export * from './stored-file-address';
export * from './postgres-document-store';
export * from './s3-document-store';
export * from './document-store-settings';
export * from './stored-file-verification';
