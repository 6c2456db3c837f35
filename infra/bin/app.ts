import { buildApp } from '../app.ts';

buildApp().app.synth();
