// Restricted Mode in the dashboard: the buttons of actions that spawn processes or write files are
// disabled, each with a tooltip saying why; they come back when the workspace is trusted.
import { actionsNeedingTrust, type ActionNeedingTrust } from '../../../src/protocol/webviewMessages';

/** Disables (or enables again) every button marked `needsTrust` under `root`. */
export function applyTrust(root: ParentNode, restricted: boolean): void {
  for (const button of root.querySelectorAll<HTMLElement>('[data-needs-trust]')) {
    const action = button.dataset.needsTrust as ActionNeedingTrust;
    button.toggleAttribute('disabled', restricted);
    if (restricted)
      button.title = `${actionsNeedingTrust[action] ?? 'This action'} needs a trusted workspace: in Restricted Mode no agent runs and no file is written.`;
    else button.removeAttribute('title');
  }
}
