/**
 * For a form that posts a file: refuse a file over the limit in the browser, before anything is sent (the
 * server would refuse it on its size anyway, but only after the whole file had gone up, and — past its own
 * limit in server.js — with a page of its own instead of this form's message).
 */
import { useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import { readErrorMessage } from './read-error-message';

export function useFileSizeCheck(maxBytes: number, fieldName = 'file') {
  const { t } = useTranslation();
  const [error, setError] = useState<string | null>(null);
  function onSubmit(event: FormEvent<HTMLFormElement>) {
    const file = new FormData(event.currentTarget).get(fieldName);
    if (file instanceof File && file.size > maxBytes) {
      event.preventDefault();
      setError(readErrorMessage(t, 'too_large', { bytes: file.size, maxBytes }, file.name));
    } else {
      setError(null);
    }
  }
  return { onSubmit, error };
}
