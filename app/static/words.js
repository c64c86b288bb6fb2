// Values stored in English named in the page's language (docs/i18n.md): a table of marked strings,
// since the extractor finds only literal ones.
import { _ } from './i18n.js';

export const CHANNEL_NAMES = { voice: _('Voice'), sms: _('Text'), chat: _('Chat'), email: _('Email') };
