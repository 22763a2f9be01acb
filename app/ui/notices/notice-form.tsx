/**
 * Writing a notice (issue 19), for staff (stations and routes to choose from) and a manager (its own route only):
 * title, text with simple formatting, "important", the audience, an optional attachment. Refusals appear beside
 * the field they name.
 */
import { Form, useNavigation } from '@remix-run/react';
import { useTranslation } from 'react-i18next';
import { BUSINESS_TYPES } from '~/domain/follow-up';
import { MAX_NOTICE_FILE_BYTES, NOTICE_BODY_MAX_CHARS, NOTICE_TITLE_MAX_CHARS } from '~/domain/notices';
import { replyErrors, type Reply } from '~/ui/form-reply';

export interface NoticeFormOptions {
  stations: ReadonlyArray<{ id: number; code: string; nameZh: string; nameEn: string }>;
  managers: ReadonlyArray<{ id: number; name: string; code: string }>;
  everyone: number;
}

const MB = MAX_NOTICE_FILE_BYTES / 1024 / 1024;

export function NoticeForm({ options, reply, showRoutes }: { options: NoticeFormOptions; reply: Reply; showRoutes: boolean }) {
  const { t, i18n } = useTranslation();
  const busy = useNavigation().state !== 'idle';
  const errors = replyErrors(reply);
  const values = (reply?.result?.initialValue ?? {}) as Record<string, unknown>;
  const text = (k: string) => (typeof values[k] === 'string' ? (values[k]) : '');
  const list = (k: string) => {
    const v = values[k];
    return Array.isArray(v) ? v.map(String) : typeof v === 'string' ? [v] : [];
  };
  const message = (code: string) => t(`noticesAdmin.error.${code as 'invalid'}`, { mb: MB });
  const err = (field: string) =>
    errors[field] ? (
      <p className="field-error" id={`notice-${field}-error`} role="alert">
        {message(errors[field])}
      </p>
    ) : null;
  const audienceError = errors.audience ?? errors.stationIds ?? errors.managerIds ?? errors.businessTypes;
  const gradeError = errors.gradeFrom ?? errors.gradeTo;
  // A refusal names its field (shown there); the form's own line says what it was, or that fields are marked.
  const formMessage = errors.form ?? (Object.keys(errors).length ? 'invalid' : null);
  return (
    <Form method="post" encType="multipart/form-data" className="form" aria-labelledby="notice-write-title">
      {formMessage ? (
        <p className="form-error" role="alert">
          {message(formMessage)}
        </p>
      ) : null}
      <div className="field">
        <label htmlFor="notice-title-input">{t('noticesAdmin.write.titleLabel')}</label>
        <input
          id="notice-title-input"
          name="title"
          className="wide-input"
          required
          maxLength={NOTICE_TITLE_MAX_CHARS}
          defaultValue={text('title')}
          aria-invalid={errors.title ? true : undefined}
          aria-describedby={errors.title ? 'notice-title-error' : undefined}
        />
        {err('title')}
      </div>
      <div className="field">
        <label htmlFor="notice-body-input">{t('noticesAdmin.write.bodyLabel')}</label>
        <textarea
          id="notice-body-input"
          name="body"
          className="wide-input"
          rows={8}
          required
          maxLength={NOTICE_BODY_MAX_CHARS}
          defaultValue={text('body')}
          aria-invalid={errors.body ? true : undefined}
          aria-describedby="notice-body-hint"
        />
        <span className="hint" id="notice-body-hint">
          {t('noticesAdmin.write.bodyHint')}
        </span>
        {err('body')}
      </div>
      <label className="check">
        <input type="checkbox" name="important" defaultChecked={values.important === 'on'} /> {t('noticesAdmin.write.importantLabel')}
      </label>

      <fieldset className="plain" aria-describedby="notice-audience-hint">
        <legend>{t('noticesAdmin.write.audience')}</legend>
        <p className="hint" id="notice-audience-hint">
          {t('noticesAdmin.write.audienceHint')} {t('noticesAdmin.write.everyone', { count: options.everyone })}
        </p>
        {audienceError ? (
          <p className="field-error" id="notice-audience-error" role="alert">
            {message(audienceError)}
          </p>
        ) : null}
        {options.stations.length > 1 ? (
          <fieldset className="plain">
            <legend>{t('noticesAdmin.write.stations')}</legend>
            <div className="notice-choices">
              {options.stations.map((s) => (
                <label key={s.id} className="check">
                  <input type="checkbox" name="stationIds" value={s.id} defaultChecked={list('stationIds').includes(String(s.id))} />
                  {i18n.language === 'en' ? s.nameEn : s.nameZh}
                </label>
              ))}
            </div>
          </fieldset>
        ) : null}
        {showRoutes && options.managers.length > 1 ? (
          <fieldset className="plain">
            <legend>{t('noticesAdmin.write.routes')}</legend>
            <div className="notice-choices">
              {options.managers.map((m) => (
                <label key={m.id} className="check">
                  <input type="checkbox" name="managerIds" value={m.id} defaultChecked={list('managerIds').includes(String(m.id))} />
                  {m.name}（{m.code}）
                </label>
              ))}
            </div>
          </fieldset>
        ) : null}
        <fieldset className="plain">
          <legend>{t('noticesAdmin.write.businessTypes')}</legend>
          <div className="notice-choices">
            {BUSINESS_TYPES.map((b) => (
              <label key={b} className="check">
                <input type="checkbox" name="businessTypes" value={b} defaultChecked={list('businessTypes').includes(b)} />
                {t(`businessType.${b}`)}
              </label>
            ))}
          </div>
        </fieldset>
        <fieldset className="plain">
          <legend>{t('noticesAdmin.write.gradeBand')}</legend>
          <div className="notice-grades">
            <div className="field">
              <label htmlFor="notice-grade-from">{t('noticesAdmin.write.gradeFrom')}</label>
              <input id="notice-grade-from" name="gradeFrom" type="number" inputMode="numeric" min={1} max={30} defaultValue={text('gradeFrom')} aria-invalid={gradeError ? true : undefined} />
            </div>
            <div className="field">
              <label htmlFor="notice-grade-to">{t('noticesAdmin.write.gradeTo')}</label>
              <input id="notice-grade-to" name="gradeTo" type="number" inputMode="numeric" min={1} max={30} defaultValue={text('gradeTo')} aria-invalid={gradeError ? true : undefined} />
            </div>
          </div>
          {gradeError ? (
            <p className="field-error" role="alert">
              {message(gradeError)}
            </p>
          ) : null}
        </fieldset>
      </fieldset>

      <div className="field">
        <label htmlFor="notice-attachment">{t('noticesAdmin.write.attachmentLabel')}</label>
        <input id="notice-attachment" name="attachment" type="file" accept="application/pdf,image/jpeg,image/png,image/webp" aria-invalid={errors.attachment ? true : undefined} aria-describedby="notice-attachment-hint" />
        <span className="hint" id="notice-attachment-hint">
          {t('noticesAdmin.write.attachmentHint', { mb: MB })}
        </span>
        {err('attachment')}
      </div>
      <button type="submit" className="button" disabled={busy}>
        {t('noticesAdmin.write.submit')}
      </button>
    </Form>
  );
}
