// The entry point of the staff console (console/index.html): its styles and <balie-console>.
import './console.css';
import './app';
