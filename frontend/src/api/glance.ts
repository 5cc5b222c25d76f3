// The only module that calls the Glance service in Go, and the clipboard for it.
import { ExportPDF, Summary, Week } from '../../wailsjs/go/app/Glance';
import type { app } from '../../wailsjs/go/models';
import { ClipboardSetText } from '../../wailsjs/runtime/runtime';
import { call } from './errors';

export type WeekView = Omit<app.WeekView, 'convertValues'>;
export type WeekPostView = app.WeekPostView;
export type SummaryFormat = 'text' | 'markdown';

/**
 * Puts text on the clipboard: the browser's clipboard where the page may
 * write it, otherwise the desktop's through Go (WebKitGTK does not give a
 * wails:// page the async clipboard).
 */
async function copy(text: string): Promise<void> {
  try {
    await navigator.clipboard.writeText(text);
    return;
  } catch {
    // fall through to Go
  }
  if (!(await ClipboardSetText(text))) throw new Error('The clipboard refused the text.');
}

export const glanceApi = {
  week: (week: string): Promise<WeekView> => call(() => Week(week)),
  summary: (week: string, format: SummaryFormat, lang: string): Promise<string> => call(() => Summary(week, format, lang)),
  exportPdf: (week: string, lang: string): Promise<string> => call(() => ExportPDF(week, lang)),
  copy,
};
