export * from './document-store';
export * from './draft-deliberation/draft-template';
export * from './draft-deliberation/default-draft-template';
export * from './draft-deliberation/draft-documents';
export * from './acts-zip/acts-zip';
export * from './acts-zip/act-file-names';
