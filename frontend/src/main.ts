import './style.css';
import { inRecovery } from './api/recovery';
import { renderRecovery } from './components/recoveryPage';
import { renderStatusError } from './components/statusLine';
import { byId } from './shell/status';
import { start } from './shell/start';

if (inRecovery()) void renderRecovery(byId('app'));
else void start().catch((err: unknown) => renderStatusError(byId('status'), `Could not start: ${String(err)}`));
