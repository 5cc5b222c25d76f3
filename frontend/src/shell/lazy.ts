// The dialogs, loaded when first opened: the window's first calendar needs
// none of them, and Chart.js (experiments), the QR code (feeds) and the
// file dialogs are a third of the script the window would otherwise parse
// before it draws.
export const dialogs = {
  about: () => import('../components/dialogs/aboutDialog'),
  due: () => import('../components/dialogs/dueDialog'),
  experiments: () => import('../components/dialogs/experimentsDialog'),
  feeds: () => import('../components/dialogs/feedsDialog'),
  routines: () => import('../components/dialogs/routinesDialog'),
  settings: () => import('../components/dialogs/settingsDialog'),
  transfer: () => import('../components/dialogs/transferDialog'),
};
