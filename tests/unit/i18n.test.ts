import { describe, expect, it } from 'vitest';
import { en } from '~/i18n/resources/en';
import { zhCN } from '~/i18n/resources/zh-CN';

function keys(obj: object, prefix = ''): string[] {
  return Object.entries(obj).flatMap(([k, v]) => (typeof v === 'string' ? [`${prefix}${k}`] : keys(v as object, `${prefix}${k}.`)));
}
function placeholders(text: string) {
  return [...text.matchAll(/{{(\w+)}}/g)].map((m) => m[1]).sort();
}
function at(obj: object, key: string): string {
  return key.split('.').reduce<any>((o, k) => o[k], obj);
}

describe('translations', () => {
  it('English has exactly the Chinese keys, none empty', () => {
    expect(keys(en).sort()).toEqual(keys(zhCN).sort());
    for (const k of keys(en)) expect(at(en, k).trim(), k).not.toBe('');
  });

  it('both languages use the same placeholders in every message', () => {
    for (const k of keys(zhCN)) expect(placeholders(at(en, k)), k).toEqual(placeholders(at(zhCN, k)));
  });
});
