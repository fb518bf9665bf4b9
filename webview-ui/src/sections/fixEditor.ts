// The learned fix's edit form: its title and its diff, saved through the host (the orchestrator
// validates), with the reason shown beside the field when nothing was saved. The form keeps the
// user's text across re-renders until the save succeeds or the user cancels.
import type { FixDetailView } from '../../../src/protocol/fixes';
import type { FixEditStatus, WebviewToHostMessage } from '../../../src/protocol/webviewMessages';
import { FIX_EDIT_LIMITS } from '../../../src/protocol/webviewMessages';
import { button } from '../components/controls';
import { el } from '../components/dom';

export interface FixEditor {
  readonly id: string;
  readonly element: HTMLElement;
  /** Takes the host's answer; true once this editor's save succeeded (the form can close). */
  answered(status: FixEditStatus | undefined): boolean;
  focus(): void;
}

/** Request numbers start at random so an answer from before a webview reload never matches. */
let nextRequest = Math.floor(Math.random() * 1_000_000_000);

export function fixEditor(fix: FixDetailView, post: (m: WebviewToHostMessage) => void, onCancel: () => void): FixEditor {
  const title = document.createElement('input');
  title.type = 'text';
  title.className = 'field';
  title.value = fix.title;
  title.maxLength = FIX_EDIT_LIMITS.title;
  title.dataset.testid = 'fix-edit-title';
  title.setAttribute('aria-label', 'Title');
  const diff = document.createElement('textarea');
  diff.className = 'field diff-input';
  diff.value = fix.diff;
  diff.spellcheck = false;
  diff.rows = Math.min(24, Math.max(6, fix.diff.split('\n').length + 1));
  diff.dataset.testid = 'fix-edit-diff';
  diff.setAttribute('aria-label', 'Diff');
  const titleError = el('p', { class: 'field-error', testId: 'fix-edit-title-error' });
  const diffError = el('p', { class: 'field-error', testId: 'fix-edit-diff-error' });
  const formError = el('p', { class: 'field-error', testId: 'fix-edit-error' });
  for (const e of [titleError, diffError, formError]) {
    e.hidden = true;
    e.setAttribute('role', 'alert');
  }
  let pending: number | undefined;

  const save = button({ label: 'Save', appearance: 'primary', testId: 'fix-edit-save', onClick: () => submit() });
  const cancel = button({ label: 'Cancel', testId: 'fix-edit-cancel', onClick: () => onCancel() });

  function showError(field: 'id' | 'title' | 'diff' | undefined, message: string | undefined): void {
    for (const [f, node, input] of [
      ['title', titleError, title],
      ['diff', diffError, diff],
      ['id', formError, undefined],
    ] as const) {
      const mine = field === f && message !== undefined;
      node.hidden = !mine;
      node.textContent = mine ? message : '';
      input?.setAttribute('aria-invalid', mine ? 'true' : 'false');
    }
  }

  function setBusy(busy: boolean): void {
    if (busy) save.setAttribute('disabled', '');
    else save.removeAttribute('disabled');
    save.textContent = busy ? 'Saving…' : 'Save';
  }

  function submit(): void {
    if (pending !== undefined) return;
    if (title.value.trim() === '') {
      showError('title', 'The title cannot be empty.');
      title.focus();
      return;
    }
    if (diff.value.trim() === '') {
      showError('diff', 'The diff cannot be empty.');
      diff.focus();
      return;
    }
    showError(undefined, undefined);
    pending = nextRequest++;
    setBusy(true);
    post({ type: 'fixEdit', id: fix.id, requestId: pending, title: title.value, diff: diff.value });
  }

  const element = el(
    'form',
    { class: 'fix-edit', testId: 'fix-edit-form' },
    el('label', {}, 'Title', title),
    titleError,
    el('label', {}, 'Diff (unified; keep each @@ header\u2019s line counts right)', diff),
    diffError,
    formError,
    el('div', { class: 'actions' }, save, cancel),
  );
  element.addEventListener('submit', (e) => {
    e.preventDefault();
    submit();
  });
  element.addEventListener('keydown', (e) => {
    if (e.key === 'Enter' && (e.ctrlKey || e.metaKey)) {
      e.preventDefault();
      submit();
    } else if (e.key === 'Escape' && pending === undefined) {
      e.preventDefault();
      onCancel();
    }
  });

  return {
    id: fix.id,
    element,
    answered(status) {
      if (pending === undefined || status === undefined || status.id !== fix.id || status.requestId !== pending) return false;
      pending = undefined;
      setBusy(false);
      if (!status.error) return true;
      showError(status.error.field, status.error.message);
      (status.error.field === 'diff' ? diff : title).focus();
      return false;
    },
    focus() {
      title.focus();
    },
  };
}
