export * from './document-store';
export * from './pdf-check';
export * from './upload-refused';
export * from './file-name';
export * from './pdf-upload';
