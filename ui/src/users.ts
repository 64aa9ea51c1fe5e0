// Users as the API returns them, and Harbor's rules and messages for the user forms (the same
// rules Berth checks, so a form that passes here is not refused for its shape).

export interface User {
  user_id: number;
  username: string;
  email?: string;
  realname?: string;
  comment?: string;
  sysadmin_flag: boolean;
  admin_role_in_auth?: boolean;
  creation_time?: string;
}

// 8-128 characters with at least one upper-case letter, one lower-case letter and one digit.
const PASSWORD_RULE = /^(?=.*\d)(?=.*[a-z])(?=.*[A-Z]).{8,128}$/;
export const PASSWORD_MESSAGE = 'Password should be 8-128 characters long with at least 1 uppercase, 1 lowercase and 1 number.';
export const PASSWORD_TIPS = '8-128 characters long with at least 1 uppercase, 1 lowercase and 1 number';
export const CONFIRM_MESSAGE = 'Passwords do not match.';

export function passwordError(pw: string): string {
  return PASSWORD_RULE.test(pw) ? '' : PASSWORD_MESSAGE;
}

export function confirmError(pw: string, again: string): string {
  return pw === again ? '' : CONFIRM_MESSAGE;
}

export function usernameError(name: string): string {
  if (!name) return 'Username is required.';
  if (name.length > 255 || /[,"~#$%:]/.test(name))
    return 'Cannot contain special characters and maximum length should be 255 characters.';
  return '';
}

export function emailError(email: string): string {
  if (!email) return 'Field is required.';
  return /^[^\s@<>()[\]\\,;:"]+@[^\s@<>()[\]\\,;:"]+\.[^\s@<>()[\]\\,;:"]{1,}$/.test(email)
    ? ''
    : 'Email should be a valid email address like name@example.com.';
}

export function realnameError(name: string, required: boolean): string {
  if (!name) return required ? 'Field is required.' : '';
  if (name.length > 20) return 'Maximum length should be 20 characters.';
  return /[,~#$%]/.test(name) ? 'Cannot contain special characters.' : '';
}

export function commentError(c: string): string {
  return c.length > 30 ? 'Length of comment should be less than 30 characters.' : '';
}
