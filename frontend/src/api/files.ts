// The only module that calls the Files service: File > Import, Export, Back up and Restore.
import {
  Backup, CancelTransfer, ChooseBackup, ChooseExport, ChooseImport, ChooseRestore, Export, Import, PreviewImport, Restore,
} from '../../wailsjs/go/app/Files';
import type { app } from '../../wailsjs/go/models';
import { EventsOn } from '../../wailsjs/runtime/runtime';
import { call } from './errors';

export type ImportPreview = app.ImportPreview;
export type ImportReport = app.ImportReport;
export type ExportReport = app.ExportReport;
export type RowProblem = app.RowProblem;
export type ExportFormat = 'csv' | 'json' | 'ics';

/** How far an import or export has come; see app.TransferProgress. */
export interface TransferProgress {
  phase: 'read' | 'write' | 'save';
  done: number;
  total: number;
}

export const filesApi = {
  /** The native open dialog; '' when the user cancels. */
  chooseImport: (title: string): Promise<string> => call(() => ChooseImport(title)),
  /** The native save dialog; '' when the user cancels. */
  chooseExport: (title: string, format: ExportFormat): Promise<string> => call(() => ChooseExport(title, format)),
  preview: (path: string): Promise<ImportPreview> => call(() => PreviewImport(path)),
  import: (path: string, validOnly: boolean): Promise<ImportReport> => call(() => Import(path, validOnly)),
  export: (path: string): Promise<ExportReport> => call(() => Export(path)),
  cancel: (): Promise<void> => call(() => CancelTransfer()),
  chooseBackup: (title: string): Promise<string> => call(() => ChooseBackup(title)),
  backup: (path: string): Promise<void> => call(() => Backup(path)),
  chooseRestore: (title: string): Promise<string> => call(() => ChooseRestore(title)),
  /** Replaces the plan; resolves with where the replaced plan was kept ('' if it was empty). */
  restore: (path: string): Promise<string> => call(() => Restore(path)),
  onProgress: (fn: (p: TransferProgress) => void): (() => void) => EventsOn('transfer:progress', fn),
};
