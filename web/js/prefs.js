// prefs.js - the reader's own settings: large text (remembered in
// localStorage) and reading the main content aloud with the browser's speech
// synthesis (in the interface's language; the button is hidden where the
// browser has none): the page's content in reading order, headings and text,
// never its buttons or form labels (readingText).
import { t, languageInfo, setting, saveSetting } from './i18n.js';

const LARGE_KEY = 'helhet.largeText';

function setLarge(on) {
  document.documentElement.classList.toggle('large-text', on);
  document.getElementById('large-text').setAttribute('aria-pressed', on ? 'true' : 'false');
}

function readButton() {
  return document.getElementById('read-aloud');
}

function showReading(on) {
  const b = readButton();
  b.dataset.i18n = on ? 'app.stop_reading' : 'app.read_aloud';
  b.textContent = t(b.dataset.i18n);
}

// Stops reading (a new page, or the button pressed again).
export function stopReading() {
  if ('speechSynthesis' in window && (speechSynthesis.speaking || speechSynthesis.pending)) speechSynthesis.cancel();
  if (readButton()) showReading(false);
}

// What is not read aloud: the page's controls and the way back, not content.
const SKIP = 'button, form, label, input, select, textarea, .back, [hidden], [aria-hidden="true"], [data-no-read]';
// The blocks that are read as one piece each, with a pause after it.
const BLOCK = 'h1, h2, h3, h4, h5, h6, p, li, dt, dd, caption, th, td, figcaption, blockquote, pre';

// The content of `root` in reading order - headings and text, each block ending
// in a pause - without buttons, form fields, labels or what is not shown.
export function readingText(root) {
  const parts = [];
  const walker = document.createTreeWalker(root, NodeFilter.SHOW_ELEMENT | NodeFilter.SHOW_TEXT, {
    acceptNode(n) {
      if (n.nodeType === Node.TEXT_NODE) return NodeFilter.FILTER_ACCEPT;
      if (n.matches(SKIP) || (n.checkVisibility && !n.checkVisibility())) return NodeFilter.FILTER_REJECT;
      return NodeFilter.FILTER_SKIP;
    },
  });
  let block = null;
  for (let n = walker.nextNode(); n; n = walker.nextNode()) {
    const text = n.textContent.replace(/\s+/g, ' ');
    if (!text.trim()) continue;
    const b = n.parentElement.closest(BLOCK) || n.parentElement;
    if (b !== block || !parts.length) parts.push({ text: '', term: b.tagName === 'DT' });
    block = b;
    parts[parts.length - 1].text += text;
  }
  // a heading or a list item without a full stop still gets its pause; a
  // term is read with what it names ("Telefon: 12 34 56 78.")
  const lines = [];
  let term = null;
  for (const p of parts) {
    const x = p.text.trim();
    if (!x) continue;
    if (p.term) {
      if (term) lines.push(`${term}.`);
      term = x.replace(/:$/, '');
      continue;
    }
    const line = term ? `${term}: ${x}` : x;
    term = null;
    lines.push(/[.!?:]$/.test(line) ? line : `${line}.`);
  }
  if (term) lines.push(`${term}.`);
  return lines.join('\n');
}

function readAloud() {
  if (speechSynthesis.speaking || speechSynthesis.pending) {
    stopReading();
    return;
  }
  const text = readingText(document.getElementById('main'));
  if (!text) return;
  const u = new SpeechSynthesisUtterance(text);
  u.lang = languageInfo().speech;
  u.onend = () => showReading(false);
  u.onerror = () => showReading(false);
  showReading(true);
  speechSynthesis.speak(u);
}

export function initPreferences() {
  const large = document.getElementById('large-text');
  setLarge(setting(LARGE_KEY) === '1');
  large.addEventListener('click', () => {
    const on = !document.documentElement.classList.contains('large-text');
    setLarge(on);
    saveSetting(LARGE_KEY, on && '1');
  });
  const read = readButton();
  if ('speechSynthesis' in window && 'SpeechSynthesisUtterance' in window) {
    read.hidden = false;
    read.addEventListener('click', readAloud);
  } else {
    read.hidden = true;
  }
}
