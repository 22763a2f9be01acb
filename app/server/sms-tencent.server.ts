/**
 * SMS through Tencent Cloud (腾讯云短信) with its official SDK, `tencentcloud-sdk-nodejs-sms` (API 2021-01-11,
 * SendSms). Mainland SMS are sent from templates the SMS console has approved, with a signature: each text key is
 * mapped to a template id in TENCENTCLOUD_SMS_TEMPLATES, and the text's parameters fill the template's {1}, {2}, …
 * in the order app/domain/notifications.ts's TEXT_PARAMS gives. docs/operations.md lists the templates to register.
 */
import { sms } from 'tencentcloud-sdk-nodejs-sms';
import { z } from 'zod';
import type { Env } from './env.server';
import type { SendOutcome, SmsMessage, SmsProvider } from './notify-channels.server';

export interface TencentSmsConfig {
  secretId: string;
  secretKey: string;
  region: string;
  sdkAppId: string;
  signName: string;
  /** Text key → approved template id. */
  templates: Record<string, string>;
  /** e.g. 'http://127.0.0.1:9000' (a test's); the SDK's own endpoint when unset. */
  endpoint?: string;
}

/** Tencent's codes that another try will not mend (a bad number, template or signature, a blocked number). */
const PERMANENT = /^(FailedOperation\.(PhoneNumberInBlacklist|TemplateIncorrectOrUnapproved|SignatureIncorrectOrUnapproved|ContainSensitiveWord|MissingSignature|MissingTemplate)|InvalidParameterValue\.|UnauthorizedOperation\.)/;

/** The mainland number in E.164 (+86…), as SendSms wants it. */
export function e164(phone: string): string {
  const digits = phone.replace(/[^\d+]/g, '');
  if (digits.startsWith('+')) return digits;
  if (digits.startsWith('86') && digits.length === 13) return `+${digits}`;
  return `+86${digits}`;
}

export function tencentSms(config: TencentSmsConfig): SmsProvider {
  const endpoint = config.endpoint ? new URL(config.endpoint) : null;
  const client = new sms.v20210111.Client({
    credential: { secretId: config.secretId, secretKey: config.secretKey },
    region: config.region,
    profile: {
      httpProfile: {
        reqTimeout: 10,
        ...(endpoint ? { endpoint: endpoint.host, protocol: `${endpoint.protocol}//` } : { endpoint: 'sms.tencentcloudapi.com' }),
      },
    },
  });
  return {
    name: '腾讯云短信 Tencent Cloud SMS',
    async send(message: SmsMessage): Promise<SendOutcome> {
      const templateId = config.templates[message.textKey];
      if (!templateId) return { ok: false, reason: 'rejected', retry: false, detail: `no template for ${message.textKey}` };
      try {
        const r = await client.SendSms({
          PhoneNumberSet: [e164(message.phone)],
          SmsSdkAppId: config.sdkAppId,
          SignName: config.signName,
          TemplateId: templateId,
          TemplateParamSet: message.templateParams,
        });
        const status = r.SendStatusSet?.[0];
        if (status?.Code === 'Ok') return { ok: true };
        const code = status?.Code ?? 'no status';
        return { ok: false, reason: PERMANENT.test(code) ? 'rejected' : 'error', retry: !PERMANENT.test(code), detail: code };
      } catch (error) {
        const code = (error as { code?: string }).code ?? (error as Error).message;
        return { ok: false, reason: PERMANENT.test(code) ? 'rejected' : 'error', retry: !PERMANENT.test(code), detail: code };
      }
    },
  };
}

const templatesSchema = z.record(z.string(), z.string().min(1));

/** The provider the configuration gives, or null when any of its settings is missing (SMS then held). */
export function tencentSmsFromEnv(e: Env): SmsProvider | null {
  if (!e.TENCENTCLOUD_SECRET_ID || !e.TENCENTCLOUD_SECRET_KEY || !e.TENCENTCLOUD_SMS_SDK_APP_ID || !e.TENCENTCLOUD_SMS_SIGN_NAME || !e.TENCENTCLOUD_SMS_TEMPLATES) return null;
  const templates = templatesSchema.parse(JSON.parse(e.TENCENTCLOUD_SMS_TEMPLATES));
  return tencentSms({
    secretId: e.TENCENTCLOUD_SECRET_ID,
    secretKey: e.TENCENTCLOUD_SECRET_KEY,
    region: e.TENCENTCLOUD_SMS_REGION,
    sdkAppId: e.TENCENTCLOUD_SMS_SDK_APP_ID,
    signName: e.TENCENTCLOUD_SMS_SIGN_NAME,
    templates,
    ...(e.TENCENTCLOUD_SMS_ENDPOINT ? { endpoint: e.TENCENTCLOUD_SMS_ENDPOINT } : {}),
  });
}
