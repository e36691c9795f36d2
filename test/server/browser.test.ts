// A person in headless Chromium: subscribes through the form, confirms through
// the link in the mail a real SMTP server received, and later unsubscribes with
// the page's one button.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Browser } from 'playwright-core';
import { unsubscribeLink } from '../../src/subscribers/links.js';
import { hasChromium, launchChromium } from '../helpers/chromium.js';
import { cleanupTmp } from '../helpers/tmp.js';
import { startHarness, type Harness } from './support/harness.js';
import { confirmLinkIn } from './support/smtp-inbox.js';

describe.skipIf(!hasChromium('subscribe in the browser'))('subscribing in a browser', () => {
  let browser: Browser;
  let h: Harness;

  beforeAll(async () => {
    h = await startHarness();
    browser = await launchChromium();
  });
  afterAll(async () => {
    await browser?.close();
    await h?.close();
    cleanupTmp();
  });

  it('subscribes through the form and confirms through the emailed link', async () => {
    const page = await browser.newPage();
    await page.goto(`${h.url}/`);
    expect(await page.getAttribute('html', 'lang')).toBe('en');
    await page.getByLabel('Your email address').fill('browser.reader@example.org');
    await page.getByRole('button', { name: 'Subscribe' }).click();
    await page.getByRole('heading', { name: 'Check your inbox' }).waitFor();
    expect(await page.textContent('main')).toContain('browser.reader@example.org');

    const link = confirmLinkIn(await h.inbox.nth(1));
    await page.goto(link);
    await page.getByRole('heading', { name: 'You are subscribed' }).waitFor();
    expect((await h.store.find('browser.reader@example.org'))?.status).toBe('confirmed');

    // Unsubscribing: the page from the link in an issue, and its one button.
    await page.goto(unsubscribeLink(h.url, h.tokens, 1));
    expect((await h.store.find(1))?.status).toBe('confirmed');
    expect(await page.getByRole('button').count()).toBe(1);
    await page.getByRole('button', { name: 'Unsubscribe' }).click();
    await page.getByRole('heading', { name: 'You are unsubscribed' }).waitFor();
    expect((await h.store.find(1))?.status).toBe('unsubscribed');
    await page.close();
  });

  it('lets the browser check the field before anything is sent, and shows the server\'s reason for what it accepts', async () => {
    const page = await browser.newPage();
    await page.goto(`${h.url}/subscribe`);
    // type=email and required: the browser itself refuses an empty field.
    await page.getByRole('button', { name: 'Subscribe' }).click();
    expect(await page.locator('#email').evaluate((el) => (el as HTMLInputElement).validity.valueMissing)).toBe(true);
    expect(page.url()).toBe(`${h.url}/subscribe`);
    // Something the browser lets through but the server does not (no TLD).
    await page.getByLabel('Your email address').fill('someone@localhost');
    await page.getByRole('button', { name: 'Subscribe' }).click();
    await page.getByRole('alert').waitFor();
    expect(await page.getByRole('alert').textContent()).toContain('That address is not valid (expected something like name@example.org).');
    expect(await page.locator('#email').getAttribute('aria-describedby')).toBe('email-error');
    await page.close();
  });
});
