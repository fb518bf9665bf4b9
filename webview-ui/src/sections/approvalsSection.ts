// The questions agents are waiting on, in the sessions section: "backend wants to use Bash:
// npm test" with Allow and Deny. The answer goes through the host's Answer Permission Request.
import type { ApprovalRequest } from '../../../src/protocol/approvals';
import type { WebviewToHostMessage } from '../../../src/protocol/webviewMessages';
import { button } from '../components/controls';
import { el } from '../components/dom';

export interface PermissionQuestions {
  element: HTMLElement;
  update(requests: readonly ApprovalRequest[]): void;
}

export function permissionQuestions(post: (m: WebviewToHostMessage) => void): PermissionQuestions {
  const list = el('ul', { class: 'permission-questions' });
  const element = el('div', { class: 'waiting', testId: 'permission-questions' }, el('h3', {}, 'Waiting for your answer'), list);
  element.hidden = true;
  return {
    element,
    update(requests) {
      element.hidden = requests.length === 0;
      list.replaceChildren(
        ...requests.map((r) => {
          const answer = (allow: boolean): void =>
            post({ type: 'answerPermission', sessionId: r.sessionId, requestId: r.requestId, allow });
          return el(
            'li',
            { testId: `permission-question-${r.sessionName}` },
            el('strong', {}, r.sessionName),
            ` wants to use ${r.toolName}: `,
            el('code', {}, r.detail),
            ' ',
            button({ label: 'Allow', appearance: 'primary', testId: 'permission-allow', onClick: () => answer(true) }),
            ' ',
            button({ label: 'Deny', testId: 'permission-deny', onClick: () => answer(false) }),
          );
        }),
      );
    },
  };
}
