export * from './document-store';
export * from './pdf-check';
