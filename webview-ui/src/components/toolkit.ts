// The dashboard's own small component set. This is the only file that knows about
// @vscode/webview-ui-toolkit (deprecated by its maintainers in January 2025): swapping it for
// @vscode-elements/elements means changing this file alone.
import type { ActionNeedingTrust } from '../../../src/protocol/webviewMessages';
import { provideVSCodeDesignSystem, vsCodeBadge, vsCodeButton, vsCodeDivider, vsCodeProgressRing } from '@vscode/webview-ui-toolkit';

let registered = false;

export function registerComponents(): void {
  if (registered) return;
  registered = true;
  provideVSCodeDesignSystem().register(vsCodeButton(), vsCodeBadge(), vsCodeDivider(), vsCodeProgressRing());
}

export interface ButtonOptions {
  label: string;
  appearance?: 'primary' | 'secondary' | 'icon';
  testId?: string;
  /** The action needs a trusted workspace: the button is disabled in Restricted Mode (see trust.ts). */
  needsTrust?: ActionNeedingTrust;
  onClick(): void;
}

export function button(options: ButtonOptions): HTMLElement {
  const el = document.createElement('vscode-button');
  el.textContent = options.label;
  el.setAttribute('appearance', options.appearance ?? 'secondary');
  if (options.testId) el.dataset.testid = options.testId;
  if (options.needsTrust) el.dataset.needsTrust = options.needsTrust;
  el.addEventListener('click', () => {
    if (!el.hasAttribute('disabled')) options.onClick();
  });
  return el;
}

export function badge(text: string, testId?: string): HTMLElement {
  const el = document.createElement('vscode-badge');
  el.textContent = text;
  if (testId) el.dataset.testid = testId;
  return el;
}

export function divider(): HTMLElement {
  return document.createElement('vscode-divider');
}

export function spinner(): HTMLElement {
  return document.createElement('vscode-progress-ring');
}
