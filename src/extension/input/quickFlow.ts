// One quick input on screen for a whole flow of questions (Create Session…, Send Task to Session…):
// each step is shown before the previous one is disposed, and an answered step stays on screen, busy,
// while the next one is prepared. Asking with showQuickPick/showInputBox one after another closes
// the widget between steps; VS Code then gives focus back to the editor, and when that editor is a
// webview (the dashboard) its focus arrives late and closes the next step as if the user had
// clicked away (microsoft/vscode#93950). A step also ignores focus loss for its first moments: the
// same late focus follows the command palette closing, before the first step opens.
import * as vscode from 'vscode';
import { DisposableStore, type IDisposable } from '../lifecycle';

/** How long a newly shown step stays open when focus leaves it (a late webview focus, not the user). */
export const FOCUS_GRACE_MS = 1000;

export interface FlowPickOptions<T extends vscode.QuickPickItem> {
  title?: string;
  placeholder?: string;
  matchOnDescription?: boolean;
  matchOnDetail?: boolean;
  /** The item to start on (the first one otherwise). */
  active?: (item: T) => boolean;
}

export interface FlowInputOptions {
  title?: string;
  prompt?: string;
  placeholder?: string;
  value?: string;
  /** A message when the value cannot be accepted; Enter does nothing until it is fixed. */
  validate?: (value: string) => string | undefined;
}

export class QuickFlow implements IDisposable {
  private readonly store = new DisposableStore();
  private current: vscode.QuickInput | undefined;
  private cancelled = false;
  /** Ends the step waiting for an answer (undefined) when the flow is disposed under it. */
  private abandon: (() => void) | undefined;

  /** Asks to pick one item; undefined when the user dismisses the step (or the flow was cancelled). */
  pick<T extends vscode.QuickPickItem>(items: readonly T[], options: FlowPickOptions<T> = {}): Promise<T | undefined> {
    if (this.cancelled || this.store.isDisposed) return Promise.resolve(undefined);
    const qp = vscode.window.createQuickPick<T>();
    qp.title = options.title;
    qp.placeholder = options.placeholder;
    qp.matchOnDescription = options.matchOnDescription ?? false;
    qp.matchOnDetail = options.matchOnDetail ?? false;
    qp.items = items;
    const active = options.active ? items.find(options.active) : undefined;
    if (active) qp.activeItems = [active];
    return this.step<T>(qp, (answer) => onAcceptItem(qp, answer));
  }

  /** Asks for a line of text; undefined when the user dismisses the step (or the flow was cancelled). */
  input(options: FlowInputOptions = {}): Promise<string | undefined> {
    if (this.cancelled || this.store.isDisposed) return Promise.resolve(undefined);
    const box = vscode.window.createInputBox();
    box.title = options.title;
    box.prompt = options.prompt;
    box.placeholder = options.placeholder;
    box.value = options.value ?? '';
    const validate = options.validate;
    const subs: IDisposable[] = [];
    if (validate)
      subs.push(
        box.onDidChangeValue((v) => {
          box.validationMessage = validate(v);
        }),
      );
    return this.step<string>(
      box,
      (answer) =>
        box.onDidAccept(() => {
          const message = validate?.(box.value);
          box.validationMessage = message;
          if (message === undefined) answer(box.value);
        }),
      subs,
    );
  }

  /** Closes whatever step is on screen. */
  dispose(): void {
    this.cancelled = true;
    this.abandon?.();
    this.current?.dispose();
    this.current = undefined;
    this.store.dispose();
  }

  /** Shows a step built by the caller (a pick with buttons, say): `onAccept` wires how it answers.
   *  The flow owns `input` from here and disposes it. */
  step<T>(
    input: vscode.QuickInput,
    onAccept: (answer: (value: T) => void) => IDisposable,
    extra: IDisposable[] = [],
  ): Promise<T | undefined> {
    if (this.cancelled || this.store.isDisposed) {
      input.dispose();
      for (const d of extra) d.dispose();
      return Promise.resolve(undefined);
    }
    return new Promise<T | undefined>((resolve) => {
      let settled = false;
      const settle = (value: T | undefined): void => {
        if (settled) return;
        settled = true;
        this.abandon = undefined;
        // Answered: stays on screen, busy, until the next step replaces it or the flow closes.
        input.busy = true;
        input.enabled = false;
        resolve(value);
      };
      this.store.add(input);
      for (const d of extra) this.store.add(d);
      this.store.add(onAccept((value) => settle(value)));
      this.store.add(
        input.onDidHide(() => {
          // Hidden while it is still the step on screen: the user dismissed it (Escape, a click away).
          // Replaced by the next step is not a dismissal.
          if (this.current !== input) return;
          this.cancelled = true;
          settle(undefined);
        }),
      );
      input.ignoreFocusOut = true;
      const grace = setTimeout(() => {
        input.ignoreFocusOut = false;
      }, FOCUS_GRACE_MS);
      this.store.add({ dispose: () => clearTimeout(grace) });
      this.abandon = () => settle(undefined);
      const previous = this.current;
      this.current = input;
      input.show();
      previous?.dispose();
    });
  }
}

/** Runs `ask` with a flow of its own, closed when `ask` ends (answered, dismissed or failed). */
export async function withQuickFlow<T>(ask: (flow: QuickFlow) => Promise<T>): Promise<T> {
  const flow = new QuickFlow();
  try {
    return await ask(flow);
  } finally {
    flow.dispose();
  }
}

/** Asks one pick: a step of `flow`, or a flow of its own. */
export function pickOne<T extends vscode.QuickPickItem>(
  items: readonly T[],
  options: FlowPickOptions<T> = {},
  flow?: QuickFlow,
): Promise<T | undefined> {
  return flow ? flow.pick(items, options) : withQuickFlow((own) => own.pick(items, options));
}

/** Asks one line of text in a flow of its own. */
export function askText(options: FlowInputOptions = {}): Promise<string | undefined> {
  return withQuickFlow((own) => own.input(options));
}

/** Answers with the item Enter chose on `qp` (the selected, else the active one). */
export function onAcceptItem<T extends vscode.QuickPickItem>(qp: vscode.QuickPick<T>, answer: (item: T) => void): IDisposable {
  return qp.onDidAccept(() => {
    const item = qp.selectedItems[0] ?? qp.activeItems[0];
    if (item) answer(item);
  });
}
