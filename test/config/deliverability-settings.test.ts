// The deliverability settings: each checked at start with a message naming it.
import { describe, expect, it } from 'vitest';
import { loadConfig } from '../../src/config/index.js';

const message = (env: Record<string, string>) => {
  try {
    loadConfig(env);
    return '';
  } catch (err) {
    return (err as Error).message;
  }
};

describe('deliverability settings', () => {
  it('takes good values and has defaults', () => {
    const c = loadConfig({ BOUNCE_DOMAIN: 'bounces.example.org', DNS_SERVERS: '9.9.9.9, 127.0.0.1:5353,[::1]:53', IMAP_URL: 'imaps://u:p@imap.example.org/INBOX', SES_TOPIC_ARN: 'arn:aws:sns:eu-west-1:123456789012:gazette-bounces' });
    expect(c.bounceDomain).toBe('bounces.example.org');
    expect([c.bounceSoftLimit, c.bounceSoftDays, c.bounceMaxBytes]).toEqual([3, 14, 5_000_000]);
  });

  it('names the setting and what to write', () => {
    expect(message({ BOUNCE_DOMAIN: 'bounces@example.org' })).toMatch(/^BOUNCE_DOMAIN must be a domain name such as bounces\.example\.org \(got "bounces@example\.org"\)/);
    expect(message({ DNS_SERVERS: 'dns.example.org' })).toMatch(/^DNS_SERVERS must be a comma-separated list of resolver addresses/);
    expect(message({ IMAP_URL: 'https://imap.example.org' })).toMatch(/^IMAP_URL must start with imap:\/\/ or imaps:\/\//);
    expect(message({ SES_TOPIC_ARN: 'gazette-bounces' })).toMatch(/^SES_TOPIC_ARN must be an SNS topic ARN/);
    expect(message({ POSTMARK_WEBHOOK_AUTH: 'gazette:short' })).toMatch(/^POSTMARK_WEBHOOK_AUTH must be user:password, the password at least 12 characters/);
    expect(message({ BOUNCE_SOFT_LIMIT: '0' })).toMatch(/^BOUNCE_SOFT_LIMIT /);
  });
});
