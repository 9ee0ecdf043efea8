/** Puppeteer (a dependency of Ace's test runner, see README) uses the system Chromium: it downloads no browser. */
module.exports = { skipDownload: true };
