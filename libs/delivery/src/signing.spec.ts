import { Webhook } from 'standardwebhooks';
import { newWebhookSecret, signWebhook, webhookHeaders } from './signing';

describe('Standard Webhooks signing', () => {
  it('produces signatures an independent implementation verifies', () => {
    const secret = newWebhookSecret();
    expect(secret).toMatch(/^whsec_[A-Za-z0-9+/]{32}$/);
    const body = JSON.stringify({ type: 'story.matched', data: { story: { title: 'Nvidia falls 17%' } } });
    const headers = webhookHeaders(secret, 'delivery-42', body, new Date());
    expect(new Webhook(secret).verify(body, headers)).toEqual(JSON.parse(body));
  });

  it('is refused for another body, id, timestamp or secret', () => {
    const secret = newWebhookSecret();
    const body = '{"a":1}';
    const headers = webhookHeaders(secret, 'delivery-1', body, new Date());
    const wh = new Webhook(secret);
    expect(() => wh.verify('{"a":2}', headers)).toThrow();
    expect(() => wh.verify(body, { ...headers, 'webhook-id': 'delivery-2' })).toThrow();
    expect(() => wh.verify(body, { ...headers, 'webhook-timestamp': String(Number(headers['webhook-timestamp']) - 1) })).toThrow();
    expect(() => new Webhook(newWebhookSecret()).verify(body, headers)).toThrow();
  });

  it('matches the Standard Webhooks reference vector', () => {
    // Example from the specification: secret, msg id, timestamp and payload with their published signature.
    const sig = signWebhook('whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw', 'msg_p5jXN8AQM9LWM0D4loKWxJek', 1614265330, '{"test": 2432232314}');
    expect(sig).toBe('v1,g0hM9SsE+OTPJTGt/tmIKtSyZlE3uFJELVlNIOLJ1OE=');
  });
});
