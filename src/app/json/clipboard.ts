import { showToast } from '../common/toast.ts';

/** Copies text, falling back to a hidden textarea where the async clipboard is unavailable (http, tests). */
export async function copyText(text: string, done: string): Promise<boolean> {
  try {
    await navigator.clipboard.writeText(text);
    showToast(done, 'success');
    return true;
  } catch {
    const area = document.createElement('textarea');
    area.value = text;
    area.setAttribute('readonly', '');
    area.style.position = 'fixed';
    area.style.opacity = '0';
    document.body.append(area);
    area.select();
    const ok = document.execCommand('copy');
    area.remove();
    showToast(ok ? done : 'Could not copy: select the text and copy it by hand.', ok ? 'success' : 'warning');
    return ok;
  }
}
