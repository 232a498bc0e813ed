import { routeTableTests, tenancyMatrix } from './matrix.js';

routeTableTests();
tenancyMatrix('sqlite');
