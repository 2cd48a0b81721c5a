export { CsvError, detectDelimiter, parseCsv, toCsv, type CsvDelimiter } from './csv';
export {
  BELOW_THRESHOLD,
  funderReportTable,
  monthlyReport,
  OTHER_COUNTRIES,
  SUPPRESSION_THRESHOLD,
  WITHHELD,
  type FunderReport,
  type MonthRow,
  type ReportCell,
} from './funder-report';
export {
  IMPORT_FIELDS,
  MAX_IMPORT_ROWS,
  mapRows,
  planImport,
  suggestMapping,
  type ColumnMapping,
  type ImportCode,
  type ImportContext,
  type ImportField,
  type ImportPlan,
  type ImportProblem,
  type ImportRow,
} from './import';
export { readDate } from './import-values';
export { dueForForgetting, type DueForForgetting } from './retention';
