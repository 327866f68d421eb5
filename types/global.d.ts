/// <reference types="@tarojs/taro" />
declare module '*.png';
declare module '*.css';
declare namespace NodeJS {
  interface ProcessEnv {
    TARO_ENV: 'weapp' | 'h5';
  }
}
