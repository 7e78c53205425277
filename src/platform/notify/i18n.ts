import { addCatalogue } from '../i18n/i18n.js';
import en from './i18n/en.json' with { type: 'json' };
import vi from './i18n/vi.json' with { type: 'json' };

addCatalogue('vi', vi);
addCatalogue('en', en);
