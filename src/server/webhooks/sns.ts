// Amazon SNS message signatures (how SES bounce and complaint notifications
// arrive). Hand-written on node:crypto: AWS's own validator package pulls in
// the AWS SDK's HTTP stack for what is a canonical string and one verify call.
// The signing certificate is fetched from SigningCertURL only when that URL is
// https on sns.<region>.amazonaws.com; the fetcher is a part, so tests can
// serve their own certificate while production accepts nothing else.
import { X509Certificate, createVerify } from 'node:crypto';

/** The fields of an SNS HTTP(S) message that matter here. */
export interface SnsMessage {
  Type: string;
  MessageId: string;
  TopicArn: string;
  Message: string;
  Timestamp: string;
  SignatureVersion: string;
  Signature: string;
  SigningCertURL: string;
  Subject?: string;
  SubscribeURL?: string;
  Token?: string;
}

/** Fetches a PEM certificate. */
export type CertificateFetcher = (url: string) => Promise<string>;

const SNS_HOST = /^sns\.[a-z0-9-]+\.amazonaws\.com(\.cn)?$/;

/** True for an https URL on an SNS host (sns.<region>.amazonaws.com). */
export function isSnsUrl(url: string): boolean {
  try {
    const u = new URL(url);
    return u.protocol === 'https:' && SNS_HOST.test(u.hostname) && !u.port && !u.username;
  } catch {
    return false;
  }
}

/** The production fetcher: SNS hosts only, each certificate fetched once per process. */
export function snsCertificateFetcher(): CertificateFetcher {
  const cache = new Map<string, Promise<string>>();
  return (url) => {
    if (!isSnsUrl(url)) return Promise.reject(new Error(`SigningCertURL ${url} is not https on sns.<region>.amazonaws.com`));
    let pem = cache.get(url);
    if (!pem) {
      pem = fetch(url, { signal: AbortSignal.timeout(10_000), redirect: 'error' }).then(async (r) => {
        if (!r.ok) throw new Error(`${url} answered ${r.status}`);
        return r.text();
      });
      pem.catch(() => cache.delete(url));
      cache.set(url, pem);
    }
    return pem;
  };
}

const NOTIFICATION_KEYS = ['Message', 'MessageId', 'Subject', 'Timestamp', 'TopicArn', 'Type'] as const;
const SUBSCRIPTION_KEYS = ['Message', 'MessageId', 'SubscribeURL', 'Timestamp', 'Token', 'TopicArn', 'Type'] as const;

/** The string SNS signs: chosen keys in order, each as "key\nvalue\n", absent ones left out. */
export function snsCanonicalString(message: SnsMessage): string {
  const keys = message.Type === 'Notification' ? NOTIFICATION_KEYS : SUBSCRIPTION_KEYS;
  return keys.filter((k) => typeof message[k] === 'string').map((k) => `${k}\n${message[k]}\n`).join('');
}

/** Why the message's signature is not valid, or null when it is. */
export async function snsSignatureProblem(message: SnsMessage, fetchCertificate: CertificateFetcher): Promise<string | null> {
  const algorithm = message.SignatureVersion === '1' ? 'RSA-SHA1' : message.SignatureVersion === '2' ? 'RSA-SHA256' : null;
  if (!algorithm) return `unknown SignatureVersion ${JSON.stringify(message.SignatureVersion)}`;
  if (typeof message.Signature !== 'string' || typeof message.SigningCertURL !== 'string') return 'no signature';
  let certificate: X509Certificate;
  try {
    certificate = new X509Certificate(await fetchCertificate(message.SigningCertURL));
  } catch (err) {
    return `cannot use the signing certificate (${(err as Error).message})`;
  }
  const verifier = createVerify(algorithm);
  verifier.update(snsCanonicalString(message), 'utf8');
  return verifier.verify(certificate.publicKey, message.Signature, 'base64') ? null : 'the signature does not match';
}
