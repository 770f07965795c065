/** Words shown to people: Chinese first, English second (officers and technicians read Chinese; vendors English). */
export interface LocalizedText {
  zh: string;
  en: string;
}
