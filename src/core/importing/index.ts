// Spreadsheet import/export rules (pure). The I/O side lives in cloudfunctions/api/src/importer.
export * from './columns';
export * from './rows';
export * from './plan';
export * from './exportRows';
