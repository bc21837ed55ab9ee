export * from './domain';
export * from './api';
export * from './order-actions';
export * from './people-actions';
export * from './dashboard';
export * from './report';
