// prefs.js - the reader's own settings: large text (remembered in
// localStorage) and reading the main content aloud with the browser's speech
// synthesis (in the interface's language; the button is hidden where the
// browser has none).
import { t, languageInfo } from './i18n.js';

const LARGE_KEY = 'helhet.largeText';

function remember(key, v) {
  try {
    if (v) localStorage.setItem(key, '1');
    else localStorage.removeItem(key);
  } catch {
    // private mode: the setting lasts for this page only
  }
}

function remembered(key) {
  try {
    return localStorage.getItem(key) === '1';
  } catch {
    return false;
  }
}

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

function readAloud() {
  if (speechSynthesis.speaking || speechSynthesis.pending) {
    stopReading();
    return;
  }
  const text = document.getElementById('main').innerText.trim();
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
  setLarge(remembered(LARGE_KEY));
  large.addEventListener('click', () => {
    const on = !document.documentElement.classList.contains('large-text');
    setLarge(on);
    remember(LARGE_KEY, on);
  });
  const read = readButton();
  if ('speechSynthesis' in window && 'SpeechSynthesisUtterance' in window) {
    read.hidden = false;
    read.addEventListener('click', readAloud);
  } else {
    read.hidden = true;
  }
}
