// The portal's entry: Clarity's stylesheet, the icons, the app element, the router.
import '@clr/ui/clr-ui.min.css';
import './styles.css';
import './icons';
import './components/app-shell';
import { startRouter } from './router';

startRouter();
