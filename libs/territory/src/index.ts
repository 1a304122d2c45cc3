export * from './administrative-data';
export * from './epci-signatories';
export * from './signatory-csv';
export * from './siren';
