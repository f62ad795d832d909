// prefs.js - the reader's own settings: large text (remembered in
// localStorage) and reading the main content aloud with the browser's speech
// synthesis (in the interface's language; the button is hidden where the
// browser has none).
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
