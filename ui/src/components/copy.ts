// Copying a command or a digest to the clipboard: the Clipboard API where the browser allows it
// (a secure context: https or loopback), else a hidden text area and execCommand('copy'), as
// Harbor's ngx-clipboard does. Resolves false when neither worked (the caller then shows the
// text for copying by hand).
export async function copyText(text: string): Promise<boolean> {
  try {
    if (navigator.clipboard && window.isSecureContext) {
      await navigator.clipboard.writeText(text);
      return true;
    }
  } catch {
    /* denied: try the old way */
  }
  const area = document.createElement('textarea');
  area.value = text;
  area.setAttribute('readonly', '');
  area.style.position = 'fixed';
  area.style.opacity = '0';
  document.body.appendChild(area);
  area.select();
  let ok = false;
  try {
    ok = document.execCommand('copy');
  } catch {
    ok = false;
  }
  area.remove();
  return ok;
}
