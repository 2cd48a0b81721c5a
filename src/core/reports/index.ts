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
export { IMPORT_FIELDS, mapRows, suggestMapping, type ColumnMapping, type ImportField, type ImportRow } from './import-columns';
export { MAX_IMPORT_ROWS, planImport, type ImportCode, type ImportContext, type ImportPlan, type ImportProblem } from './import';
export { readDate } from './import-values';
export { dueForForgetting, type DueForForgetting } from './retention';
