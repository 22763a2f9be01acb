import { describe, expect, it } from 'vitest';
import { resources } from '~/i18n/resources';

/** Every namespace's messages of one language (no top-level key is in two namespaces: checked in i18n.test.ts). */
const zhCN = { ...resources['zh-CN'].common, ...resources['zh-CN'].staff };
const en = { ...resources.en.common, ...resources.en.staff };

function keys(obj: object, prefix = ''): string[] {
  return Object.entries(obj).flatMap(([k, v]) => (typeof v === 'string' ? [`${prefix}${k}`] : keys(v as object, `${prefix}${k}.`)));
}
function placeholders(text: string) {
  return [...text.matchAll(/{{(\w+)}}/g)].map((m) => m[1]).sort();
}
function at(obj: object, key: string): string {
  return key.split('.').reduce<unknown>((o, k) => (o as Record<string, unknown>)[k], obj) as string;
}

describe('translations', () => {
  it('each top-level section lives in one namespace, in both languages', () => {
    for (const lng of ['zh-CN', 'en'] as const) {
      const common = Object.keys(resources[lng].common);
      expect(Object.keys(resources[lng].staff).filter((k) => common.includes(k)), lng).toEqual([]);
    }
  });

  it('English has exactly the Chinese keys, none empty', () => {
    expect(keys(en).sort()).toEqual(keys(zhCN).sort());
    for (const k of keys(en)) expect(at(en, k).trim(), k).not.toBe('');
  });

  it('both languages use the same placeholders in every message', () => {
    for (const k of keys(zhCN)) expect(placeholders(at(en, k)), k).toEqual(placeholders(at(zhCN, k)));
  });
});
