// The dashboard webview's entry: says `ready`, renders each state the
// host sends, brings a session into view when asked, and keeps the last state across hide/show.
import { isHostToWebviewMessage, type DashboardState } from '../../src/protocol/webviewMessages';
import { el } from './components/dom';
import { orchestratorSection } from './sections/orchestratorSection';
import { sessionsSection } from './sections/sessionsSection';
import { budgetsSection } from './sections/budgetsSection';
import { permissionsSection } from './sections/permissionsSection';
import { fixesSection } from './sections/fixesSection';
import { metricsSection } from './sections/metricsSection';
import { routingSection } from './sections/routingSection';
import { connectToHost } from './vscodeApi';
import { sessionFocus } from './sessionFocus';
import { applyTrust } from './components/trust';

interface SavedState {
  last?: DashboardState;
}

function main(): void {
  const host = connectToHost<SavedState>();
  const app = document.getElementById('app');
  if (!app) return;
  const orchestrator = orchestratorSection((m) => host.post(m));
  const sessions = sessionsSection((m) => host.post(m));
  const budgets = budgetsSection();
  const permissions = permissionsSection((m) => host.post(m));
  const fixes = fixesSection((m) => host.post(m));
  const metrics = metricsSection((m) => host.post(m));
  const routing = routingSection();
  app.append(
    el('h1', {}, 'Agent Affinity'),
    sessions.element,
    budgets.element,
    routing.element,
    permissions.element,
    fixes.element,
    metrics.element,
    orchestrator.element,
  );

  const render = (state: DashboardState): void => {
    orchestrator.update(state.orchestrator, state.extensionVersion, state.orchestratorPulse);
    sessions.update(state.sessions, state.routing?.activeSessionId, state.approvals);
    budgets.update(state.budgets ?? [], state.sessions);
    permissions.update(state.permissions, state.ruleSuggestions);
    fixes.update(state.fixes);
    metrics.update(state.metrics, state.sessions);
    routing.update(state.routing?.audit ?? [], state.routing?.status);
    applyTrust(app, state.orchestrator.state === 'restricted');
  };
  let last: DashboardState | undefined = host.savedState()?.last;
  const focus = sessionFocus(() => last);
  if (last) render(last);

  window.addEventListener('message', (event: MessageEvent<unknown>) => {
    if (!isHostToWebviewMessage(event.data)) return;
    if (event.data.type === 'focusSession') {
      focus.request(event.data.sessionId);
      return;
    }
    last = event.data.state;
    render(last);
    focus.afterRender();
    host.saveState({ last });
  });
  setInterval(() => {
    const now = Date.now();
    orchestrator.tick(now);
    sessions.tick(now);
    permissions.tick(now);
  }, 1000);
  host.post({ type: 'ready' });
}

main();
