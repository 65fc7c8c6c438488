import { render } from 'preact';
import { Root } from './app.js';
import { pickLanguage } from './messages/index.js';
import './styles.css';

const mount = document.getElementById('app');
if (mount !== null) render(<Root initialLang={pickLanguage(localStorage.getItem('sc.dashboard.lang'), navigator.languages)} />, mount);
