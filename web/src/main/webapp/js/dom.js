/*
 * Chorus page: handles on the elements of index.html, looked up once. Module scripts run after the
 * document is parsed (they are deferred), so every element exists when this module is evaluated.
 */

const $ = (id) => document.getElementById(id);
export const ui = {
  body: document.body,
  username: $('username'),
  color: $('color'),
  colorPicker: $('color-picker'),
  swatch: $('color-swatch'),
  randomColor: $('random-color'),
  identityError: $('identity-error'),
  identityNote: $('identity-note'),
  connectionBanner: $('connection-banner'),
  connectionBannerText: $('connection-banner-text'),
  personaBanner: $('persona-banner'),
  liveStatus: $('live-status'),
  filters: $('filters'),
  mtRadios: Array.from(document.querySelectorAll('input[name="mt"]')),
  filterActive: $('filter-active'),
  userChips: $('user-chips'),
  wordChips: $('word-chips'),
  wordForm: $('word-form'),
  wordInput: $('word-input'),
  persona: $('persona'),
  personaName: $('persona-name'),
  personaWaiting: $('persona-waiting'),
  personaPicker: $('persona-picker'),
  personaList: $('persona-list'),
  stream: $('stream'),
  streamEmpty: $('stream-empty'),
  newMessages: $('new-messages'),
  postForm: $('post-form'),
  input: $('message-input'),
  charCount: $('char-count'),
  send: $('send'),
  postError: $('post-error'),
  postStatus: $('post-status'),
};
